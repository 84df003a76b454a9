"""PyTorch reference for masked-transformer-train: the examples/names-masked model and step, the same work as ours
through core train(). Pre-LN transformer (d 64, 4 heads, 3 layers, MLP ratio 4, GELU x·σ(1.702x), learned position
embeddings, rotary q/k by split halves, zero-initialised head) over sequences of 16 ids from 29 categories (the 27
characters of the lower-cased first names, a padding id and the mask id); masked diffusion with the linear schedule
α_t = 1 − t, antithetic continuous t in [0.001, 1]; SUBS parameterisation (the mask logit at −∞, unmasked positions
carried over) and its NELBO, Σ over masked positions of −log p(x0) weighted by −α'_t/(1 − α_t) = 1/t, batch mean / L;
AdamW (lr 3e-3 with 100 warm-up steps then cosine decay, weight decay 0.01), gradient clipping at norm 1, EMA 0.995;
batch 64. Synthetic ids stand in for the names (the same shapes; speed does not depend on the values).
Usage: python3 masked_train.py SECONDS THREADS → one JSON line."""
import math, time
import torch
import torch.nn as nn
import torch.nn.functional as F
from timing import report, setup

L, V, D, HEADS, LAYERS, MLP, B = 16, 29, 64, 4, 3, 4, 64
MASK = V - 1
seconds, threads = setup()


def gelu(x):
    return x * torch.sigmoid(1.702 * x)


def rotary_tables(length, dim, base=10000.0):
    half = dim // 2
    j = torch.arange(half, dtype=torch.float64)
    angle = torch.arange(length, dtype=torch.float64)[:, None] * base ** (-2 * j / dim)[None, :]
    cos, sin = torch.cos(angle), torch.sin(angle)
    return torch.cat([cos, cos], 1).float(), torch.cat([sin, sin], 1).float()


COS, SIN = rotary_tables(L, D // HEADS)


def rotate(x):
    half = x.shape[-1] // 2
    return x * COS + torch.cat([-x[..., half:], x[..., :half]], -1) * SIN


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.q, self.k, self.v, self.o = (nn.Linear(D, D) for _ in range(4))
        self.fc1, self.fc2 = nn.Linear(D, MLP * D), nn.Linear(MLP * D, D)

    def forward(self, h):
        x = self.ln1(h)
        split = lambda y: y.view(B, L, HEADS, D // HEADS).transpose(1, 2)  # [B, H, L, dh]
        q, k, v = rotate(split(self.q(x))), rotate(split(self.k(x))), split(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(D // HEADS)
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(B, L, D)
        h = h + self.o(context)
        return h + self.fc2(gelu(self.fc1(self.ln2(h))))


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Parameter(torch.randn(V, D) * 0.02)
        self.pos = nn.Parameter(torch.randn(L, D) * 0.02)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln = nn.LayerNorm(D)
        self.head = nn.Linear(D, V)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, ids):
        h = self.tok[ids] + self.pos
        for b in self.blocks:
            h = b(h)
        return self.head(self.ln(h))


net = Transformer()
ema = [p.detach().clone() for p in net.parameters()]
data = torch.randint(0, V - 1, (8000, L))
opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=0.01)
schedule = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: (s + 1) / 100 if s < 100 else 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1, (s - 100) / 1900)))
)
T_MIN = 0.001


def step():
    x0 = data[torch.randint(0, data.shape[0], (B,))]
    t = ((torch.rand(1) + torch.arange(B) / B) % 1) * (1 - T_MIN) + T_MIN  # antithetic
    masked = torch.rand(B, L) < t[:, None]  # P(masked) = 1 − α_t = t
    xt = torch.where(masked, torch.full_like(x0, MASK), x0)
    logits = net(xt)
    logits[..., MASK] = -math.inf  # SUBS: never predict the mask
    nll = -F.log_softmax(logits, -1).gather(-1, x0[..., None])[..., 0]
    loss = ((nll * masked).sum(-1) / t).mean() / L  # unmasked positions are carried over: no loss
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    schedule.step()
    with torch.no_grad():
        for s, p in zip(ema, net.parameters()):
            s.mul_(0.995).add_(p, alpha=0.005)
    return loss.item()


for _ in range(20):
    step()
steps, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < seconds:
    step()
    steps += 1
elapsed = time.perf_counter() - t0
report({"stepsPerSecond": steps / elapsed, "steps": steps}, threads, parameters=sum(p.numel() for p in net.parameters()))
