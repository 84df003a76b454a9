"""PyTorch reference: DDIM-50 (η = 0) sampling of 2,000 2-D points with the two-moons MLP (untrained weights; the
work is the same), and the time of the 50 network forward passes alone (sampler overhead).
Usage: python3 ddim_sample.py REPEATS THREADS → one JSON line."""
import json, math, sys, time
import torch
from two_moons_model import alpha_bar, net_input, two_moons_net

repeats, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
net = two_moons_net()
abar = alpha_bar()
ts = list(range(980, -1, -20))  # leading grid, 50 steps

def eps_model(x, t):
    return net(net_input(x, torch.full((x.shape[0],), float(t))))

@torch.no_grad()
def sample():
    x = torch.randn(2000, 2)
    for i, t in enumerate(ts):
        s = ts[i + 1] if i + 1 < len(ts) else -1
        at, as_ = float(abar[t]), (1.0 if s < 0 else float(abar[s]))
        e = eps_model(x, t)
        x0 = (x - math.sqrt(1 - at) * e) / math.sqrt(at)
        x = math.sqrt(as_) * x0 + math.sqrt(1 - as_) * e
    return x

@torch.no_grad()
def forwards():
    x = torch.randn(2000, 2)
    for t in ts:
        eps_model(x, t)

def best(f):
    f()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)

def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0

total = best(sample)
# overhead: the fastest of 5 interleaved pairs (a sample, then the forward passes alone), as ours
pairs = [(timed(sample), timed(forwards)) for _ in range(5)]
samp, nets = min(a for a, _ in pairs), min(b for _, b in pairs)
print(json.dumps({"seconds": total, "sampleSeconds": samp, "networkSeconds": nets, "overhead": samp / nets - 1, "threads": threads, "torch": torch.__version__}))
