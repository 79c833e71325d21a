public string DownloadAvatar(string avatarUrl)
{
    using var client = new WebClient();
    using Stream data = client.OpenRead(avatarUrl);
    using var reader = new StreamReader(data);
    return reader.ReadToEnd();
}
