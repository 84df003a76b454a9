"""PyTorch reference: one forward pass of the U-Net of examples/mnist-ddim/config.json (channels 16/32/32,
class-conditional; model in unet_model.py) at batch BATCH, no_grad, float32; median of REPEATS after a warm-up.
Usage: python3 unet_forward.py BATCH REPEATS THREADS → one JSON line."""
import json, statistics, sys, time
import torch
from unet_model import CLASSES, UNet

batch, repeats, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)
net = UNet([16, 32, 32]).eval()
x, t = torch.randn(batch, 1, 28, 28), torch.full((batch,), 500.0)
y = torch.full((batch,), CLASSES, dtype=torch.long)  # the null class, as an unconditional sample


@torch.no_grad()
def once():
    t0 = time.perf_counter()
    net(x, t, y)
    return time.perf_counter() - t0


once()
times = sorted(once() for _ in range(repeats))
print(json.dumps({"seconds": statistics.median(times), "times": times, "threads": threads, "torch": torch.__version__}))
