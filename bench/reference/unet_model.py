"""The MNIST U-Net of @udm/nets UNet in PyTorch, shared by the U-Net references: channels CH per level, 1 res block
per level, GroupNorm GROUPS groups, SiLU, sinusoidal time embedding TEMB widened to 4·CH[0], class embedding (with a
null class) added, skips added, nearest upsampling + 3×3 conv."""
import math
import torch
from torch import nn
import torch.nn.functional as F

TEMB, GROUPS, CLASSES = 32, 8, 10


def sinusoidal(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, c, EMB):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(GROUPS, c), nn.Conv2d(c, c, 3, padding=1)
        self.emb = nn.Linear(EMB, c)
        self.norm2, self.conv2 = nn.GroupNorm(GROUPS, c), nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x, e):
        h = self.conv1(F.silu(self.norm1(x))) + self.emb(F.silu(e))[:, :, None, None]
        return x + self.conv2(F.silu(self.norm2(h)))


class UNet(nn.Module):
    def __init__(self, CH):
        super().__init__()
        self.CH = CH
        EMB = 4 * CH[0]
        self.t0, self.t1 = nn.Linear(TEMB, EMB), nn.Linear(EMB, EMB)
        self.classes = nn.Embedding(CLASSES + 1, EMB)
        self.conv_in = nn.Conv2d(1, CH[0], 3, padding=1)
        self.down = nn.ModuleList([ResBlock(c, EMB) for c in CH])
        self.downsample = nn.ModuleList([nn.Conv2d(c, n, 3, stride=2, padding=1) for c, n in zip(CH, CH[1:])])
        self.mid = ResBlock(CH[-1], EMB)
        self.up = nn.ModuleList([ResBlock(c, EMB) for c in CH])
        self.upsample = nn.ModuleList([nn.Conv2d(c, p, 3, padding=1) for p, c in zip(CH, CH[1:])])
        self.norm_out, self.conv_out = nn.GroupNorm(GROUPS, CH[0]), nn.Conv2d(CH[0], 1, 3, padding=1)

    def forward(self, x, t, y):
        e = self.t1(F.silu(self.t0(sinusoidal(t, TEMB)))) + self.classes(y)
        h, skips = self.conv_in(x), []
        for i, block in enumerate(self.down):
            h = block(h, e)
            skips.append(h)
            if i < len(self.downsample):
                h = self.downsample[i](h)
        h = self.mid(h, e)
        for i in reversed(range(len(self.CH))):
            h = self.up[i](h + skips.pop(), e)
            if i > 0:
                target = skips[-1].shape[-2:]
                h = self.upsample[i - 1](F.interpolate(h, size=target, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))
