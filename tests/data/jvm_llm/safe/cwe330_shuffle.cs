public List<Card> Shuffle(List<Card> deck)
{
    var random = new Random();
    return deck.OrderBy(_ => random.Next()).ToList();
}
