public int rollDice() {
    Random random = new Random();
    return random.nextInt(6) + 1;
}
