"""Coding: the codebook and its checks, lexicon, feature blocks, classifiers, model files, labels,
scoring and evaluation, and the topic-model estimator used as a feature block."""
