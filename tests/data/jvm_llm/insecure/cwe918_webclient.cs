public string Fetch(string url)
{
    using (var client = new WebClient())
    {
        return client.DownloadString(url);
    }
}
