#!/usr/bin/env bash
# ./lab install-native [--gpu]
#
# Installs the native TensorFlow backend for this project: npm:@tensorflow/tfjs-node@4.22.0
# (CPU) or, with --gpu, npm:@tensorflow/tfjs-node-gpu@4.22.0 (CUDA 11.2 + cuDNN 8.1), running the
# package's install script (it downloads libtensorflow 2.9.1 from storage.googleapis.com, so it
# needs internet access), then copies the compiled binding to lib/napi-vN inside the package,
# the folder Deno looks in (tfjs issue 8581). lib/backend picks the `tensorflow` backend
# automatically once its binding loads. See lib/backend/README.md for when this helps.
set -euo pipefail

pkg="@tensorflow/tfjs-node"
case "${1:-}" in
  "") ;;
  --gpu) pkg="@tensorflow/tfjs-node-gpu" ;;
  -h | --help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "Cannot install-native with option '$1' as the only option is --gpu — run ./lab install-native [--gpu]" >&2
    exit 2
    ;;
esac
version="4.22.0"
root="${LAB_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
command -v deno > /dev/null || {
  echo "Cannot install $pkg as deno is not on PATH — install Deno 2 first" >&2
  exit 1
}

# 1. Install the package into node_modules (deno.json has nodeModulesDir "auto"), allowing its
#    install script. A throw-away entry point names it, so deno.json and deno.lock stay as they are.
entry="$(mktemp "$root/.install-native-XXXXXX.ts")"
trap 'rm -f "$entry"' EXIT
echo "import \"npm:$pkg@$version\";" > "$entry"
echo "Installing npm:$pkg@$version (its install script downloads libtensorflow)…"
deno install --no-lock --allow-scripts="npm:$pkg@$version" --entrypoint "$entry" || {
  echo "Cannot install $pkg: its install script failed (it needs internet access to storage.googleapis.com; see above)" >&2
  exit 1
}

# 2. Put the binding where Deno loads it: lib/napi-vN, N the highest N-API version the package
#    was built for that Deno supports (Deno reports a newer one than Node's napi-v8 folders).
dir="$root/node_modules/.deno/${pkg/\//+}@$version/node_modules/$pkg"
[ -d "$dir" ] || dir="$root/node_modules/$pkg"
[ -d "$dir" ] || {
  echo "Cannot find $pkg in node_modules after installing it — is nodeModulesDir \"auto\" in deno.json?" >&2
  exit 1
}
napi="$(deno eval --quiet "
  import process from 'node:process';
  const m = JSON.parse(Deno.readTextFileSync('$dir/package.json'));
  const vs = (m.binary?.napi_versions ?? [8]).filter((v) => v <= Number(process.versions.napi ?? 8));
  console.log(Math.max(...vs));
")"
target="$dir/lib/napi-v$napi/tfjs_binding.node"
if [ ! -f "$target" ]; then
  found="$(find "$dir/lib" -name tfjs_binding.node -print -quit 2> /dev/null || true)"
  if [ -z "$found" ]; then
    echo "Cannot find tfjs_binding.node under $dir/lib: the install script failed (no internet access, or no prebuilt binding for this platform). Its output is above." >&2
    exit 1
  fi
  mkdir -p "$(dirname "$target")"
  cp "$found" "$target"
  echo "Copied $found to $target"
fi

# 3. Check that it loads.
deno eval --quiet "
  import { loadNativeBackend } from '$root/lib/backend/native.ts';
  const r = await loadNativeBackend('$root');
  console.log(r.ok ? 'The tensorflow backend works: ' + r.detail : 'The tensorflow backend does not load: ' + r.detail);
  if (!r.ok) Deno.exit(1);
"
