import random


def shuffle_questions(questions, seed=None):
    """Return the quiz questions in a random order (not security relevant)."""
    rng = random.Random(seed)
    ordered = list(questions)
    rng.shuffle(ordered)
    return ordered
