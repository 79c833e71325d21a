public object Parse(string json)
{
    var serializer = new JavaScriptSerializer(new SimpleTypeResolver());
    return serializer.DeserializeObject(json);
}
