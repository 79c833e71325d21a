def calculate(expression: str) -> float:
    """Evaluate a simple arithmetic expression like '2 * (3 + 4)'."""
    allowed = set("0123456789+-*/(). ")
    if not expression:
        raise ValueError("empty expression")
    return eval(expression)


if __name__ == "__main__":
    print(calculate(input("Expression: ")))
