"""PyTorch reference: Adam training steps/s of the MNIST U-Net of examples/mnist-ddim, the same architecture as
@udm/nets UNet (channels 32/64/64, 1 res block per level, GroupNorm 8 groups, SiLU, sinusoidal time embedding 32
widened to 128, class embedding added, skips added, nearest upsampling + 3×3 conv), ε-MSE, batch 32, float32.
Usage: python3 unet_train.py SECONDS THREADS  → one JSON line on stdout."""
import torch
import torch.nn.functional as F
from timing import report, setup, time_adam_steps
from unet_model import CLASSES, UNet

seconds, threads = setup()
CH, BATCH = [32, 64, 64], 32
net = UNet(CH)
x, eps = torch.randn(BATCH, 1, 28, 28), torch.randn(BATCH, 1, 28, 28)
t, y = torch.rand(BATCH) * 1000, torch.randint(0, CLASSES, (BATCH,))
result = time_adam_steps(net.parameters(), lambda: F.mse_loss(net(x, t, y), eps), seconds, warmup=3)
report(result, threads, parameters=sum(p.numel() for p in net.parameters()))
