#!/usr/bin/env bash
# Runs the bench on WebGPU (Dawn on the machine's Vulkan driver) and prints the ratios against the reference run
# packed into this kit (reference.json: PyTorch and our CPU backends on the CPU machine). Usage, from anywhere:
#   ./run-gpu.sh                         # training cases, BENCH_SECONDS=8, BENCH_REPEATS=3
#   BENCH_CASES=two-moons-train BENCH_SECONDS=2 BENCH_REPEATS=1 ./run-gpu.sh
# Needs a Vulkan loader (libvulkan.so.1) and driver; point VK_ICD_FILENAMES / LD_LIBRARY_PATH at them if they are not
# installed system-wide (LD_LIBRARY_PATH must be set before this script starts Node, as it is here).
set -euo pipefail
kit="$(cd "$(dirname "$0")" && pwd)"
export BENCH_BACKENDS="${BENCH_BACKENDS:-webgpu}"
export BENCH_CASES="${BENCH_CASES:-mlp-train,unet-train,two-moons-train,masked-transformer-train}"
export BENCH_SECONDS="${BENCH_SECONDS:-8}"
export BENCH_REPEATS="${BENCH_REPEATS:-3}"
if [ -f "$kit/reference.json" ]; then export BENCH_REFERENCE_JSON="${BENCH_REFERENCE_JSON:-$kit/reference.json}"; else export BENCH_PYTORCH=0; fi
cd "$kit"
exec "$kit/node" "$kit/bench/cases/udm-bench.mjs"
