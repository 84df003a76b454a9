"""The machine's measured sgemm peak for docs/benchmarks.md's roofline: float32 N×N·N×N products with torch.mm
(Debian python3-torch on OpenBLAS, the BLAS our native backend links too), GFLOP/s = 2N³ / time, fastest of REPEATS
after a warm-up, at 1 and 2 threads.
Usage: /usr/bin/python3 sgemm_peak.py [N] [REPEATS] → one JSON line."""
import json, sys, time
import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
a, b = torch.randn(n, n), torch.randn(n, n)
out = {"n": n, "torch": torch.__version__}
for threads in (1, 2):
    torch.set_num_threads(threads)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    out[f"gflops{threads}"] = 2 * n**3 / best / 1e9
print(json.dumps(out))
