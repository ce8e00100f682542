/**
 * Internal: waits until Deno's Jupyter kernel has published every output sent so far.
 *
 * Deno's kernel (2.9) publishes `Deno.jupyter` messages from a queue on its main thread while
 * it publishes "status: idle" directly, so a cell that ends right after a display can be
 * reported idle before the display goes out. nbclient (and so `jupyter nbconvert --execute`)
 * stops reading a cell's outputs at "idle", and a large message still being written when
 * "idle" is written can even be interleaved with it frame by frame ("Invalid Signature").
 *
 * The cure: subscribe to the kernel's IOPub socket ourselves (ZMTP 3.1 over TCP, as any
 * Jupyter client does), queue a harmless "status: busy" message tagged with a random id, and
 * wait until it arrives. The kernel's queue is first-in first-out, so everything displayed
 * before the tag has been fully written by then.
 */

const ENC = new TextEncoder();
const DEC = new TextDecoder();

interface ConnectionInfo {
  ip: string;
  iopub_port: number;
  transport?: string;
}

let cachedInfo: ConnectionInfo | null | undefined;
/** Set after a flush could not be confirmed: later calls only wait `fallbackMs`. */
let unavailable = false;

/** The kernel's connection file, from its command line (`deno jupyter --kernel --conn FILE`). */
function connectionInfo(): ConnectionInfo | null {
  if (cachedInfo !== undefined) return cachedInfo;
  cachedInfo = null;
  try {
    const argv = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
    const i = argv.indexOf("--conn");
    if (i >= 0 && argv[i + 1]) {
      const info = JSON.parse(Deno.readTextFileSync(argv[i + 1])) as ConnectionInfo;
      if ((info.transport ?? "tcp") === "tcp" && Number.isInteger(info.iopub_port)) {
        cachedInfo = info;
      }
    }
  } catch {
    cachedInfo = null;
  }
  return cachedInfo;
}

/** A small buffered reader of ZMTP frames. */
class FrameReader {
  #conn: Deno.Conn;
  #buf = new Uint8Array(0);
  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  async #fill(n: number): Promise<void> {
    while (this.#buf.length < n) {
      const chunk = new Uint8Array(Math.max(65536, n - this.#buf.length));
      const read = await this.#conn.read(chunk);
      if (read === null) throw new Error("IOPub connection closed");
      const next = new Uint8Array(this.#buf.length + read);
      next.set(this.#buf);
      next.set(chunk.subarray(0, read), this.#buf.length);
      this.#buf = next;
    }
  }

  async take(n: number): Promise<Uint8Array> {
    await this.#fill(n);
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.slice(n);
    return out;
  }

  /** One frame: its body, whether more frames follow, and whether it is a command. */
  async frame(): Promise<{ body: Uint8Array; more: boolean; command: boolean }> {
    const [flag] = await this.take(1);
    let size: number;
    if (flag & 0x02) {
      const b = await this.take(8);
      size = new DataView(b.buffer, b.byteOffset, 8).getUint32(4);
    } else {
      size = (await this.take(1))[0];
    }
    return { body: await this.take(size), more: (flag & 0x01) !== 0, command: (flag & 0x04) !== 0 };
  }
}

function greeting(): Uint8Array {
  const g = new Uint8Array(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3; // ZMTP 3.1
  g[11] = 1;
  g.set(ENC.encode("NULL"), 12);
  return g; // as-server 0, filler zeros
}

function frame(body: Uint8Array, flags: number): Uint8Array {
  const long = body.length > 255;
  const out = new Uint8Array((long ? 9 : 2) + body.length);
  out[0] = flags | (long ? 0x02 : 0);
  if (long) new DataView(out.buffer).setUint32(5, body.length);
  else out[1] = body.length;
  out.set(body, long ? 9 : 2);
  return out;
}

function readyCommand(): Uint8Array {
  const name = ENC.encode("READY");
  const key = ENC.encode("Socket-Type");
  const value = ENC.encode("SUB");
  const body = new Uint8Array(1 + name.length + 1 + key.length + 4 + value.length);
  let o = 0;
  body[o++] = name.length;
  body.set(name, o);
  o += name.length;
  body[o++] = key.length;
  body.set(key, o);
  o += key.length;
  new DataView(body.buffer).setUint32(o, value.length);
  o += 4;
  body.set(value, o);
  return frame(body, 0x04);
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let o = 0;
  while (o < bytes.length) o += await conn.write(bytes.subarray(o));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves true once every message the kernel had queued for IOPub before this call has been
 * written to its subscribers; false when that could not be confirmed within `timeoutMs` (or
 * outside a TCP kernel), after waiting a size-based fallback delay.
 *
 * @param timeoutMs the longest wait
 * @param fallbackMs the wait used when the kernel's IOPub socket cannot be reached
 */
export async function flushIopub(timeoutMs = 30_000, fallbackMs = 50): Promise<boolean> {
  const info = unavailable ? null : connectionInfo();
  if (!info) {
    await delay(fallbackMs);
    return false;
  }
  let conn: Deno.Conn | undefined;
  const deadline = performance.now() + timeoutMs;
  try {
    conn = await Deno.connect({ hostname: info.ip, port: info.iopub_port });
    const reader = new FrameReader(conn);
    await writeAll(conn, greeting());
    await reader.take(64);
    await writeAll(conn, readyCommand());
    // The peer's READY (a command frame).
    let f = await reader.frame();
    while (!f.command) f = await reader.frame();
    await writeAll(conn, frame(new Uint8Array([1]), 0)); // subscribe to everything
    const tag = `digits-flush-${crypto.randomUUID()}`;
    const tagBytes = ENC.encode(tag);
    // The kernel registers a subscriber only after reading its subscription, so ping until
    // one tagged message comes back.
    let seen = false;
    const ping = async () => {
      while (!seen && performance.now() < deadline) {
        await Deno.jupyter.broadcast("status", { execution_state: "busy" }, {
          metadata: { digits_flush: tag },
        });
        await delay(250);
      }
    };
    ping().catch(() => {});
    const timer = setTimeout(() => conn?.close(), Math.max(0, deadline - performance.now()));
    try {
      while (!seen) {
        const parts: Uint8Array[] = [];
        let m = await reader.frame();
        while (m.command) m = await reader.frame();
        parts.push(m.body);
        while (m.more) {
          m = await reader.frame();
          parts.push(m.body);
        }
        // [<IDS|MSG>, signature, header, parent, metadata, content, …]: the tag is in metadata.
        const metadata = parts[4];
        if (metadata && metadata.length < 4096 && contains(metadata, tagBytes)) seen = true;
      }
    } finally {
      clearTimeout(timer);
    }
    return true;
  } catch {
    unavailable = true;
    await delay(fallbackMs);
    return false;
  } finally {
    try {
      conn?.close();
    } catch {
      // already closed
    }
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return DEC.decode(haystack).includes(DEC.decode(needle));
}
