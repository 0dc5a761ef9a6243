"""PyTorch reference for `unveil bench lightcnn9-train|lightcnn9-embed` (docs/tensor-core.md):
the same LightCNN-9 stack, batch 32, 128×128, fc2 1000 classes, SGD, 2 threads; sgemm timed between runs.
Run: python scripts/torch_lightcnn9_bench.py (needs torch). Not used by the build or tests."""
import time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2)
class MFM(nn.Module):
    def __init__(s, i, o, k=3, st=1, p=1, conv=True):
        super().__init__(); s.o=o
        s.filter = nn.Conv2d(i, 2*o, k, st, p) if conv else nn.Linear(i, 2*o)
    def forward(s, x):
        x = s.filter(x); a, b = torch.split(x, s.o, 1); return torch.max(a, b)
class Group(nn.Module):
    def __init__(s, i, o, k, st, p):
        super().__init__(); s.conv_a = MFM(i, i, 1, 1, 0); s.conv = MFM(i, o, k, st, p)
    def forward(s, x): return s.conv(s.conv_a(x))
class L9(nn.Module):
    def __init__(s, classes=1000):
        super().__init__()
        s.features = nn.Sequential(MFM(1, 48, 5, 1, 2), nn.MaxPool2d(2, 2, ceil_mode=True), Group(48, 96, 3, 1, 1),
            nn.MaxPool2d(2, 2, ceil_mode=True), Group(96, 192, 3, 1, 1), nn.MaxPool2d(2, 2, ceil_mode=True),
            Group(192, 128, 3, 1, 1), Group(128, 128, 3, 1, 1), nn.MaxPool2d(2, 2, ceil_mode=True))
        s.fc1 = MFM(8*8*128, 256, conv=False); s.fc2 = nn.Linear(256, classes)
    def forward(s, x):
        x = s.features(x).flatten(1); x = F.dropout(s.fc1(x), 0.5, s.training); return s.fc2(x)
m = L9(); opt = torch.optim.SGD(m.parameters(), lr=1e-3, momentum=0.9, weight_decay=1e-4)
x = torch.rand(32, 1, 128, 128); y = torch.randint(0, 1000, (32,))
def step():
    opt.zero_grad(); F.cross_entropy(m(x), y).backward(); opt.step()
a = torch.rand(2048, 2048); b = torch.rand(2048, 2048)
def sg():
    t = time.perf_counter(); a @ b; return 2*2048**3/(time.perf_counter()-t)/1e9
step(); ts=[]; rs=[]
for _ in range(5):
    t=time.perf_counter(); step(); ts.append(time.perf_counter()-t); rs.append(sg())
ts.sort(); rs.sort()
print(f"torch {torch.__version__} train median {ts[2]:.3f} s, {32/ts[2]:.2f} img/s, {185.07/ts[2]:.1f} GFLOP/s, torch sgemm {rs[2]:.1f}")
m.eval()
with torch.no_grad():
    m(x); ts=[]
    for _ in range(5):
        t=time.perf_counter(); m(x); ts.append(time.perf_counter()-t)
ts.sort(); print(f"embed/infer median {ts[2]:.3f} s, {32/ts[2]:.2f} img/s")
