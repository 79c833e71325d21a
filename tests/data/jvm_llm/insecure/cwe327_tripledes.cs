using (var tdes = TripleDES.Create())
{
    tdes.Key = key;
    tdes.IV = iv;
    var encryptor = tdes.CreateEncryptor();
    return encryptor.TransformFinalBlock(data, 0, data.Length);
}
