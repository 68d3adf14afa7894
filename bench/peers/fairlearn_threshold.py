"""Fairlearn 0.9 ThresholdOptimizer on the scores Parity's threshold optimizer uses.

Reads bench/tmp/peers/threshold-<data>-<sensitive>.csv (written by out/bench/peers/export.js),
fits ThresholdOptimizer with a prefit estimator that returns the file's score column, and records
the expected accuracy (the mean over rows of P(correct) from `_pmf_predict`) and the spread of the
expected per-group rates the constraint equalizes. Writes bench/peers/fairlearn-threshold.json.

Run: PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn_threshold.py
"""
import json
import math
import os
import platform
import time

import numpy as np
import pandas as pd
import sklearn
import fairlearn
from fairlearn.postprocessing import ThresholdOptimizer

HERE = os.path.dirname(os.path.abspath(__file__))
TMP = os.path.join(HERE, '..', 'tmp', 'peers')
CONSTRAINTS = ['demographic_parity', 'true_positive_rate_parity', 'equalized_odds']


class ScoreColumn:
    """A fitted "estimator" whose positive-class probability is the input's score column."""

    def __init__(self):
        self.fitted_ = True  # what sklearn's check_is_fitted looks for

    def fit(self, X, y, **kwargs):
        return self

    def predict_proba(self, X):
        s = np.asarray(X['score'], dtype=float)
        return np.column_stack([1 - s, s])


def spreads(p, y, g):
    frame = pd.DataFrame({'p': p, 'y': y, 'g': g})
    selection = frame.groupby('g')['p'].mean()
    tpr = frame[frame.y == 1].groupby('g')['p'].mean()
    fpr = frame[frame.y == 0].groupby('g')['p'].mean()
    return {
        'selection_rate_spread': float(selection.max() - selection.min()),
        'tpr_spread': float(tpr.max() - tpr.min()),
        'fpr_spread': float(fpr.max() - fpr.min()),
    }


def main():
    results = []
    for data in ['adult', 'compas']:
        for sensitive in ['race', 'sex']:
            frame = pd.read_csv(os.path.join(TMP, f'threshold-{data}-{sensitive}.csv'), dtype={'group': str})
            X = frame[['score']]
            y = frame['label'].to_numpy()
            g = frame['group'].to_numpy()
            fingerprint = {'rows': int(len(frame)), 'positives': int(y.sum()), 'score_sum': math.fsum(frame['score'])}
            for constraint in CONSTRAINTS:
                optimizer = ThresholdOptimizer(estimator=ScoreColumn(), constraints=constraint, objective='accuracy_score',
                                               prefit=True, predict_method='predict_proba')
                started = time.perf_counter()
                optimizer.fit(X, y, sensitive_features=g)
                seconds = time.perf_counter() - started
                p = optimizer._pmf_predict(X, sensitive_features=g)[:, 1]
                accuracy = float(np.mean(y * p + (1 - y) * (1 - p)))
                results.append({'data': data, 'sensitive': sensitive, 'constraint': constraint, 'groups': int(len(set(g))),
                                'expected_accuracy': accuracy, **spreads(p, y, g), 'fit_seconds': seconds, 'scores': fingerprint})
                print(f'{data:7s} {sensitive:5s} {constraint:26s} accuracy {accuracy:.6f}  ({seconds:.2f} s)')
    out = {
        'tool': f'fairlearn {fairlearn.__version__} ThresholdOptimizer (grid_size 1000, prefit, predict_proba), scikit-learn {sklearn.__version__}, '
                f'python {platform.python_version()}',
        'command': 'PYTHONPATH=../shared/peers /usr/bin/python3 bench/peers/fairlearn_threshold.py',
        'results': results,
    }
    with open(os.path.join(HERE, 'fairlearn-threshold.json'), 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


main()
