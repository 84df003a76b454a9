"""PyTorch reference: Adam training steps/s of the MLP 3→256×3→2 (ReLU, MSE), batch 1024, float32.
Usage: python3 mlp_train.py SECONDS THREADS  → one JSON line on stdout."""
import torch
from timing import report, setup, time_adam_steps

seconds, threads = setup()
net = torch.nn.Sequential(
    torch.nn.Linear(3, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 2),
)
x = torch.randn(1024, 3)
y = torch.randn(1024, 2)
result = time_adam_steps(net.parameters(), lambda: torch.nn.functional.mse_loss(net(x), y), seconds)
report(result, threads)
