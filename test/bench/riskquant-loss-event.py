"""Times riskquant on npm run bench's loss_event model: N years of Poisson(2) losses, lognormal
with 10,000 and 1,000,000 as its 5% and 95% points, then riskquant's own summary of the annual
losses. Prints the seconds as JSON. Usage: python3 riskquant-loss-event.py N"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'riskquant'))

import numpy as np  # noqa: E402
from riskquant.simpleloss import SimpleLoss  # noqa: E402

years = int(sys.argv[1])
np.random.seed(11)
started = time.perf_counter()
model = SimpleLoss('fraud', 'fraud', 2, 10_000, 1_000_000)
annual = np.array(model.simulate_years(years))
summary = SimpleLoss.summarize_loss(annual)
seconds = time.perf_counter() - started
print(json.dumps({'seconds': seconds, 'years': years, 'mean': float(annual.mean()), 'median': int(summary['median'])}))
