"""Fairlearn 0.9 ExponentiatedGradient on Adult (sex, demographic parity, eps 0.01).

Same features as Parity: bench/tmp/peers/adult-sex-{train,test}.csv hold Parity's encoded design
(written by out/bench/peers/export.js). Base learner: scikit-learn's LogisticRegression, with its
default solver (lbfgs, max_iter raised to 1000 so every fit converges) and with liblinear; all
other settings are ExponentiatedGradient's defaults (max_iter 50, eta0 2, nu automatic, LP step on).
Wall time is the fit alone (data already in memory), after one untimed warm-up fit, REPEATS timed
fits (default 3), on this machine. Figures are of the expected predictions (`_pmf_predict`).
Prints one JSON line per learner; writes bench/peers/fairlearn-reductions.json unless WRITE=0.
LEARNERS=liblinear (or lbfgs) runs one learner only (bench/peers/side-by-side.ts alternates runs).

Run: PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn_reductions.py
"""
import json
import os
import platform
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
import fairlearn
from sklearn.linear_model import LogisticRegression
from fairlearn.reductions import DemographicParity, ExponentiatedGradient

HERE = os.path.dirname(os.path.abspath(__file__))
TMP = os.path.join(HERE, '..', 'tmp', 'peers')
REPEATS = int(os.environ.get('REPEATS', '3'))
WRITE = os.environ.get('WRITE', '1') == '1'
LEARNERS = os.environ.get('LEARNERS', 'lbfgs,liblinear').split(',')


def load(name):
    frame = pd.read_csv(os.path.join(TMP, f'adult-sex-{name}.csv'), dtype={'group': str})
    X = frame[[c for c in frame.columns if c.startswith('x')]].to_numpy()
    return X, frame['label'].to_numpy(), frame['group'].to_numpy()


def figures(p, y, g):
    accuracy = float(np.mean(y * p + (1 - y) * (1 - p)))
    rates = pd.Series(p).groupby(g).mean()
    return {'accuracy': accuracy, 'dp_difference': float(rates.max() - rates.min())}


def main():
    X, y, g = load('train')
    Xt, yt, gt = load('test')
    learners = {
        'lbfgs': lambda: LogisticRegression(max_iter=1000),
        'liblinear': lambda: LogisticRegression(solver='liblinear', fit_intercept=True),
    }
    results = []
    for name in LEARNERS:
        make = learners[name]
        times = []
        for repeat in range(REPEATS + 1):
            mitigator = ExponentiatedGradient(make(), constraints=DemographicParity(), eps=0.01)
            started = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                mitigator.fit(X, y, sensitive_features=g)
            if repeat > 0:  # the first fit warms up (imports, caches) and is not timed
                times.append(time.perf_counter() - started)
        train = figures(mitigator._pmf_predict(X)[:, 1], y, g)
        test = figures(mitigator._pmf_predict(Xt)[:, 1], yt, gt)
        result = {'learner': f'LogisticRegression({name})', 'wall_seconds': times, 'best_wall_seconds': min(times),
                  'oracle_calls': int(mitigator.n_oracle_calls_), 'classifiers': int(len(mitigator.predictors_)),
                  'classifiers_mixed': int((mitigator.weights_ > 0).sum()), 'iterations': int(mitigator.last_iter_ + 1),
                  'train': train, 'test': test}
        results.append(result)
        print(json.dumps(result), flush=True)
    out = {
        'tool': f'fairlearn {fairlearn.__version__} ExponentiatedGradient(DemographicParity(), eps=0.01), scikit-learn {sklearn.__version__}, '
                f'numpy {np.__version__}, python {platform.python_version()}',
        'command': 'PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn_reductions.py',
        'load_average_at_start': os.getloadavg()[0],
        'results': results,
    }
    if WRITE:
        with open(os.path.join(HERE, 'fairlearn-reductions.json'), 'w') as f:
            json.dump(out, f, indent=2)
            f.write('\n')


main()
