"""Executes a Jupyter notebook with nbclient, keeping outputs that arrive after the kernel's 'idle'.

Deno 2.9's kernel can publish a cell's last outputs (a display, a console line) just after it reports
'idle'; nbclient stops reading a cell's outputs at 'idle' and drops them. This client keeps reading
that cell's messages until none has come for a short grace period.

Usage: python3 execute_notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS] [--kernel NAME]
"""
import argparse
import os
import queue
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--timeout", type=int, default=-1, help="seconds per cell; -1: none")
    parser.add_argument("--kernel", default="deno")
    args = parser.parse_args()
    nb = nbformat.read(args.input, as_version=4)
    client = LateOutputClient(
        nb,
        timeout=None if args.timeout < 0 else args.timeout,
        kernel_name=args.kernel,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.input))}},
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
