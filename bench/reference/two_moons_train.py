"""PyTorch reference for the two-moons model: MLP [x (2), sinusoidal emb(t) (32)] → 128×3 SiLU → 2, ε-prediction
MSE, Adam, batch 256, float32 — the same architecture and work as examples/two-moons.
Usage: python3 two_moons_train.py SECONDS THREADS → one JSON line."""
import torch
from timing import report, setup, time_adam_steps
from two_moons_model import T, alpha_bar, net_input, two_moons_net

seconds, threads = setup()
net = two_moons_net()
abar = alpha_bar().float()
data = torch.randn(8000, 2)


def loss():
    idx = torch.randint(0, 8000, (256,))
    x0 = data[idx]
    t = torch.randint(0, T, (256,))
    eps = torch.randn_like(x0)
    a = abar[t].unsqueeze(1)
    xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
    return torch.nn.functional.mse_loss(net(net_input(xt, t.float())), eps)


report(time_adam_steps(net.parameters(), loss, seconds, lr=2e-3), threads)
