public object LoadViewState(string state)
{
    var formatter = new LosFormatter();
    return formatter.Deserialize(state);
}
