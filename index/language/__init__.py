"""Text analysis for every language: normalisation for matching, tokens with exact offsets, stems per language.

``normalize`` folds the spellings a search should not tell apart; ``scripts`` says which writing system a
character belongs to; ``tokens`` cuts a text into the index's words (each Chinese, Japanese or Korean
character a token of its own); ``stemming`` reduces a word to its stem in its article's language.
"""
