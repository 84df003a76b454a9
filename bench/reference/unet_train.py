"""PyTorch reference: Adam training steps/s of the MNIST U-Net of examples/mnist-ddim, the same architecture as
@udm/nets UNet (channels 32/64/64, 1 res block per level, GroupNorm 8 groups, SiLU, sinusoidal time embedding 32
widened to 128, class embedding added, skips added, nearest upsampling + 3×3 conv), ε-MSE, batch 32, float32.
Usage: python3 unet_train.py SECONDS THREADS  → one JSON line on stdout."""
import json, sys, time
import torch
import torch.nn.functional as F
from unet_model import CLASSES, UNet

seconds, threads = float(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
CH, BATCH = [32, 64, 64], 32
net = UNet(CH)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x, eps = torch.randn(BATCH, 1, 28, 28), torch.randn(BATCH, 1, 28, 28)
t, y = torch.rand(BATCH) * 1000, torch.randint(0, CLASSES, (BATCH,))


def step():
    opt.zero_grad(set_to_none=True)
    loss = F.mse_loss(net(x, t, y), eps)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(3):
    step()
steps, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < seconds:
    step()
    steps += 1
elapsed = time.perf_counter() - t0
params = sum(p.numel() for p in net.parameters())
print(json.dumps({"stepsPerSecond": steps / elapsed, "steps": steps, "threads": threads, "parameters": params,
                  "torch": torch.__version__}))
