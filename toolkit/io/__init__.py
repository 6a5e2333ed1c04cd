"""Getting text in: readers per format, decoding, manifests, speaker segmentation, pseudonymisation.

Knows nothing of NLP, the project file or coding; see docs/architecture.md.
"""
