#!/usr/bin/env bash
# Re-executes the notebooks in notebooks/ headless with the TypeScript kernel (tslab) and saves their
# outputs in place (`npm run notebooks`, which builds dist/ first). Exits 1 when any cell of any
# notebook fails, printing that cell and its error; a failed notebook is left as it was.
#
#   bash scripts/run-notebooks.sh                       # every notebooks/*.ipynb, in name order
#   bash scripts/run-notebooks.sh notebooks/02-*.ipynb  # some of them
#
# Needs Jupyter's notebook runner from Debian's packages (`apt-get install --no-install-recommends
# python3-nbclient`; jupyter-nbconvert brings it too) and tslab from the devDependencies (`npm ci`).
# The kernel spec is written to .jupyter/ in the project (git-ignored) and every Jupyter directory
# points there, so nothing is written to $HOME.
#
# Environment: JUPYTER_PYTHON, the Python that has nbclient (default Debian's /usr/bin/python3, not a
# pyenv or virtualenv shim on PATH); NOTEBOOK_TIMEOUT, the limit per cell in seconds (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

python=${JUPYTER_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import nbclient, nbformat' >/dev/null 2>&1; then
  cat >&2 <<EOF
error: Jupyter's notebook runner (the Python modules nbclient and nbformat) is not installed for
  $python.
  fix: install it from Debian's packages (as root):
         apt-get update && apt-get install -y --no-install-recommends python3-nbclient
       (it brings python3-jupyter-client, python3-jupyter-core and python3-nbformat; no IPython kernel
       is needed, the notebooks run on tslab). Or point JUPYTER_PYTHON at a Python that has nbclient.
EOF
  exit 1
fi

tslab="$root/node_modules/tslab/bin/tslab"
if [[ ! -f $tslab ]]; then
  echo "error: tslab is not installed (node_modules/tslab). fix: npm ci" >&2
  exit 1
fi
if [[ ! -f dist/index.js ]]; then
  echo "error: dist/ is not built. fix: npm run build (npm run notebooks builds first)" >&2
  exit 1
fi
if [[ ! -f datasets/prospects.csv ]]; then
  echo "datasets/prospects.csv is missing: generating it (fairprobe synth --out datasets)" >&2
  node dist/cli/main.js synth --out datasets
fi

# The kernel spec, in a project-local Jupyter data directory. It is rewritten on each run: it holds
# the absolute paths of this checkout's node and tslab.
export JUPYTER_DATA_DIR="$root/.jupyter/data"
export JUPYTER_CONFIG_DIR="$root/.jupyter/config"
export JUPYTER_RUNTIME_DIR="$root/.jupyter/runtime"
export JUPYTER_PATH="$JUPYTER_DATA_DIR"
kernel_dir="$JUPYTER_DATA_DIR/kernels/tslab"
mkdir -p "$kernel_dir" "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR"
node -e '
  const [file, node, tslab] = process.argv.slice(1);
  const argv = [node, tslab, "kernel", "--config-path", "{connection_file}"];
  const spec = { argv, display_name: "TypeScript", language: "typescript" };
  require("node:fs").writeFileSync(file, `${JSON.stringify(spec, null, 1)}\n`);
' "$kernel_dir/kernel.json" "$(command -v node)" "$tslab"

if [[ $# -gt 0 ]]; then
  notebooks=("$@")
else
  notebooks=(notebooks/*.ipynb)
fi
[[ -e ${notebooks[0]} ]] || { echo "error: no notebooks in notebooks/" >&2; exit 1; }

# Each notebook runs in its own directory (relative paths in it hold), with nbclient, the runner
# under `jupyter nbconvert --execute`. The result goes to a scratch file that replaces the notebook
# only when every cell ran. No timing metadata is recorded, so the same outputs give the same file.
exec "$python" - "${NOTEBOOK_TIMEOUT:-600}" "${notebooks[@]}" <<'PY'
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

timeout = int(sys.argv[1])
paths = sys.argv[2:]
failed = []
start = time.monotonic()


def report(cell, cell_index, execute_reply):
    """tslab sends its errors as stderr text, not as an error message: print the cell and its output."""
    print(f"\n✘ cell {cell_index} failed:\n{'-' * 72}\n{cell.source}\n{'-' * 72}", file=sys.stderr)
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            print(out.get("text", ""), end="", file=sys.stderr)
    print("-" * 72, file=sys.stderr)


for path in paths:
    t = time.monotonic()
    print(f"▶ {path}", file=sys.stderr, flush=True)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        record_timing=False,
        on_cell_error=report,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        if not isinstance(e, CellExecutionError):
            print(f"\n✘ {type(e).__name__}: {e}", file=sys.stderr)
        print(f"✘ {path} failed ({time.monotonic() - t:.0f} s); the notebook is unchanged", file=sys.stderr)
        failed.append(path)
        continue
    scratch = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.run")
    nbformat.write(nb, scratch)
    os.replace(scratch, path)
    print(f"✔ {path} ({time.monotonic() - t:.0f} s)", file=sys.stderr, flush=True)

elapsed = time.monotonic() - start
if failed:
    print(f"notebooks: {len(failed)} of {len(paths)} failed: {' '.join(failed)}", file=sys.stderr)
    sys.exit(1)
print(f"notebooks: {len(paths)} executed in {elapsed:.0f} s", file=sys.stderr)
PY
