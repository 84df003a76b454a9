"""Shared by the PyTorch training references: the command line (SECONDS THREADS), and the timed Adam loop that
bench/cases/train-loop.ts runs on our side (warm-up steps, then as many steps as fit in SECONDS, each reading the
loss back)."""
import json, sys, time
import torch


def setup():
    """SECONDS THREADS from the command line; sets torch's thread count and seed 0. Returns (seconds, threads)."""
    if len(sys.argv) != 3:
        sys.exit(f"usage: python3 {sys.argv[0]} SECONDS THREADS")
    seconds, threads = float(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    return seconds, threads


def time_adam_steps(params, loss, seconds, lr=1e-3, warmup=5):
    """Adam (learning rate `lr`) steps/s of the scalar `loss()` over `params`: `warmup` steps, then as many as fit in
    `seconds`. Each step reads the loss back (`loss.item()`), as ours does. Returns {stepsPerSecond, steps}."""
    opt = torch.optim.Adam(params, lr=lr)

    def step():
        opt.zero_grad(set_to_none=True)
        value = loss()
        value.backward()
        opt.step()
        return value.item()

    for _ in range(warmup):
        step()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - t0
    return {"stepsPerSecond": steps / elapsed, "steps": steps}


def report(result, threads, **extra):
    """Prints the one JSON line bench/run.ts reads: the result, the thread count, `extra` and torch's version."""
    print(json.dumps({**result, "threads": threads, **extra, "torch": torch.__version__}))
