"""PyTorch reference for the two-moons model: MLP [x (2), sinusoidal emb(t) (32)] → 128×3 SiLU → 2, ε-prediction
MSE, Adam, batch 256, float32 — the same architecture and work as examples/two-moons.
Usage: python3 two_moons_train.py SECONDS THREADS → one JSON line."""
import json, math, sys, time
import torch

seconds, threads = float(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
half = 16
freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
net = torch.nn.Sequential(
    torch.nn.Linear(2 + 2 * half, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 2),
)
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
abar = torch.cumprod(1 - betas, 0).float()
data = torch.randn(8000, 2)

def step():
    idx = torch.randint(0, 8000, (256,))
    x0 = data[idx]
    t = torch.randint(0, 1000, (256,))
    eps = torch.randn_like(x0)
    a = abar[t].unsqueeze(1)
    xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
    args = t.float().unsqueeze(1) * freqs.unsqueeze(0)
    h = torch.cat([xt, torch.sin(args), torch.cos(args)], 1)
    opt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.mse_loss(net(h), eps)
    loss.backward()
    opt.step()
    return loss.item()

for _ in range(5):
    step()
steps, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < seconds:
    step()
    steps += 1
elapsed = time.perf_counter() - t0
print(json.dumps({"stepsPerSecond": steps / elapsed, "steps": steps, "threads": threads, "torch": torch.__version__}))
