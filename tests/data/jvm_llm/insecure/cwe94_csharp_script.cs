public async Task<object> Evaluate(string code)
{
    return await CSharpScript.EvaluateAsync(code);
}
