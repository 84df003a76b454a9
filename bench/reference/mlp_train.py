"""PyTorch reference: Adam training steps/s of the MLP 3→256×3→2 (ReLU, MSE), batch 1024, float32.
Usage: python3 mlp_train.py SECONDS THREADS  → one JSON line on stdout."""
import json, sys, time
import torch

seconds, threads = float(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
net = torch.nn.Sequential(
    torch.nn.Linear(3, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 2),
)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randn(1024, 3)
y = torch.randn(1024, 2)

def step():
    opt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.mse_loss(net(x), y)
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
