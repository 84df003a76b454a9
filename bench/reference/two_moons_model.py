"""The two-moons model of examples/two-moons in PyTorch, shared by its references: an MLP [x (2), sinusoidal
emb(t) (2·HALF)] → 128×3 SiLU → 2 (ε-prediction), and the linear β schedule 10⁻⁴ … 0.02 over T = 1000 steps."""
import math
import torch

HALF, T = 16, 1000
FREQS = torch.exp(-math.log(10000.0) * torch.arange(HALF, dtype=torch.float32) / HALF)


def two_moons_net():
    """A freshly initialised network (draws from torch's global RNG)."""
    return torch.nn.Sequential(
        torch.nn.Linear(2 + 2 * HALF, 128), torch.nn.SiLU(),
        torch.nn.Linear(128, 128), torch.nn.SiLU(),
        torch.nn.Linear(128, 128), torch.nn.SiLU(),
        torch.nn.Linear(128, 2),
    )


def alpha_bar():
    """ᾱ_t for t = 0 … T − 1 (float64)."""
    betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0)


def net_input(x, t):
    """[x, sin(t·f), cos(t·f)] for points x [B, 2] and float times t [B]."""
    args = t.unsqueeze(1) * FREQS.unsqueeze(0)
    return torch.cat([x, torch.sin(args), torch.cos(args)], 1)
