public Stream Get(string url)
{
    var request = WebRequest.Create(url);
    return request.GetResponse().GetResponseStream();
}
