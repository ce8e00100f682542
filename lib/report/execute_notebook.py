"""Executes a Jupyter notebook with nbclient, keeping outputs that arrive after the kernel's 'idle'.

Deno 2.9's kernel can publish a cell's last outputs (a display, a console line) just after it reports
'idle'; nbclient stops reading a cell's outputs at 'idle' and drops them. This client keeps reading
that cell's messages until none has come for a short grace period.

The kernel never outlives this process, nor this process its parent (the report runner):
- on Linux the kernel is started with PR_SET_PDEATHSIG = SIGKILL, so it dies with this process
  however this process ends (SIGKILL included);
- a watchdog thread notices when the parent is gone (its parent id changes) and ends this process,
  and with it the kernel, within half a second;
- on SIGINT or SIGTERM the kernel is shut down and this process exits with 130 or 143, writing
  nothing.

Usage: python3 execute_notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS] [--kernel NAME]
"""
import argparse
import asyncio
import ctypes
import ctypes.util
import os
import queue
import signal
import sys
import threading
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async

PR_SET_PDEATHSIG = 1
WATCHDOG_SECONDS = 0.5


class LateOutputClient(NotebookClient):
    """A NotebookClient that also collects a cell's outputs published after 'idle'."""

    grace_seconds = 0.3

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.grace_seconds))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass


def die_with_parent():
    """preexec_fn of the kernel: SIGKILL it when the thread that started it (ours) ends."""
    libc_name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and libc_name:
        ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def refuse_signal_handler(*_args, **_kwargs):
    raise RuntimeError("signals are handled by execute_notebook.py")


def kernel_pid(client):
    provisioner = getattr(getattr(client, "km", None), "provisioner", None)
    return getattr(provisioner, "pid", None)


def kill_kernel(client):
    """Kills the kernel's process group at once (it runs in a session of its own)."""
    pid = kernel_pid(client)
    if pid is None:
        return
    try:
        os.killpg(os.getpgid(pid), signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def watch_parent(client, parent):
    """Ends this process, and the kernel, when the parent (the report runner) is gone."""
    while True:
        time.sleep(WATCHDOG_SECONDS)
        if os.getppid() != parent:
            kill_kernel(client)
            os._exit(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--timeout", type=int, default=-1, help="seconds per cell; -1: none")
    parser.add_argument("--kernel", default="deno")
    parser.add_argument(
        "--record-timing", action="store_true", help="keep each cell's start and end in its metadata"
    )
    args = parser.parse_args()
    nb = nbformat.read(args.input, as_version=4)
    client = LateOutputClient(
        nb,
        timeout=None if args.timeout < 0 else args.timeout,
        kernel_name=args.kernel,
        allow_errors=True,
        record_timing=args.record_timing,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.input))}},
    )
    threading.Thread(target=watch_parent, args=(client, os.getppid()), daemon=True).start()

    def on_signal(signum, _frame):
        kill_kernel(client)
        os._exit(128 + signum)

    # Ours throughout: nbclient would install loop handlers that shut the kernel down and carry
    # on with the next cell (it ignores a RuntimeError from add_signal_handler).
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    if hasattr(asyncio, "unix_events"):
        asyncio.unix_events._UnixSelectorEventLoop.add_signal_handler = refuse_signal_handler
    try:
        client.execute(preexec_fn=die_with_parent)
    finally:
        kill_kernel(client)
    nbformat.write(nb, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
