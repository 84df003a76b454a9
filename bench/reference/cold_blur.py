"""PyTorch reference: cold diffusion's cumulative Gaussian blur at the MNIST setting, D(x, T − 1) = T passes of a
separable KERNEL-tap Gaussian (std STD, reflect padding) as depthwise 1×k and k×1 convolutions on BATCH × 1×28×28,
float32; median of REPEATS after a warm-up.
Usage: python3 cold_blur.py BATCH T KERNEL STD REPEATS THREADS → one JSON line."""
import json, math, statistics, sys, time
import torch
import torch.nn.functional as F

batch, T, k, std, repeats, threads = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]),
                                      int(sys.argv[5]), int(sys.argv[6]))
torch.set_num_threads(threads)
torch.manual_seed(0)
w = torch.tensor([math.exp(-((i - k // 2) ** 2) / (2 * std * std)) for i in range(k)])
w = w / w.sum()
row, col, r = w.view(1, 1, 1, k), w.view(1, 1, k, 1), k // 2
x = torch.randn(batch, 1, 28, 28)


def degrade(y):
    for _ in range(T):
        y = F.conv2d(F.pad(y, (r, r, 0, 0), mode="reflect"), row)
        y = F.conv2d(F.pad(y, (0, 0, r, r), mode="reflect"), col)
    return y


@torch.no_grad()
def once():
    t0 = time.perf_counter()
    degrade(x)
    return time.perf_counter() - t0


once()
times = sorted(once() for _ in range(repeats))
print(json.dumps({"seconds": statistics.median(times), "times": times, "threads": threads, "torch": torch.__version__}))
