public async Task<string> Weather(string city)
{
    var response = await _httpClient.GetAsync("https://api.weather.example.com/v1?city=" + Uri.EscapeDataString(city));
    return await response.Content.ReadAsStringAsync();
}
