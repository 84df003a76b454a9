"""PyTorch reference: sampling BATCH MNIST images with the U-Net of examples/mnist-ddim/config.json (model in
unet_model.py, untrained: the work is the same) on the VP squaredcos_cap_v2 schedule (T = 1000), STEPS moves on the
trailing grid: `ddim` (η = 0, x̂0 clipped to [−1, 1]) or `ddpm` (ancestral, posterior variance β̃). One timed run
after a 2-step warm-up; sampler overhead from interleaved 5-step samples vs the forward passes alone.
Usage: python3 unet_sample.py ddim|ddpm STEPS BATCH THREADS → one JSON line."""
import json, math, sys, time
import torch
from unet_model import CLASSES, UNet

kind, steps, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)
net = UNet([16, 32, 32]).eval()
T = 1000
f = lambda t: math.cos((t / T + 0.008) / 1.008 * math.pi / 2) ** 2
betas = torch.tensor([min(1 - f(i + 1) / f(i), 0.999) for i in range(T)], dtype=torch.float64)
abar = torch.cumprod(1 - betas, 0)
y = torch.full((batch,), CLASSES, dtype=torch.long)


def grid(n):  # trailing: t_i = round(T − i·T/n) − 1
    return [round(T - i * T / n) - 1 for i in range(n)]


@torch.no_grad()
def sample(n):
    ts = grid(n)
    x = torch.randn(batch, 1, 28, 28)
    for i, t in enumerate(ts):
        s = ts[i + 1] if i + 1 < len(ts) else -1
        at, as_ = float(abar[t]), (1.0 if s < 0 else float(abar[s]))
        e = net(x, torch.full((batch,), float(t)), y)
        x0 = ((x - math.sqrt(1 - at) * e) / math.sqrt(at)).clamp(-1, 1)
        if kind == "ddim":
            x = math.sqrt(as_) * x0 + math.sqrt(1 - as_) * e
        else:
            a = at / as_
            mean = (math.sqrt(as_) * (1 - a) * x0 + math.sqrt(a) * (1 - as_) * x) / (1 - at)
            var = (1 - as_) / (1 - at) * (1 - a)
            x = mean + (math.sqrt(var) * torch.randn_like(x) if s >= 0 else 0)
    return x


@torch.no_grad()
def forwards(n):
    x = torch.randn(batch, 1, 28, 28)
    for t in grid(n):
        net(x, torch.full((batch,), float(t)), y)


def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


sample(2)
total = timed(lambda: sample(steps))
# overhead: the fastest of 3 interleaved pairs of a 5-step sample and the 5 forward passes alone (as ours)
short = [(timed(lambda: sample(5)), timed(lambda: forwards(5))) for _ in range(3)]
samp, nets = min(a for a, _ in short), min(b for _, b in short)
print(json.dumps({"seconds": total, "steps": steps, "sampleSeconds": samp, "networkSeconds": nets,
                  "overhead": samp / nets - 1,
                  "threads": threads, "torch": torch.__version__}))
