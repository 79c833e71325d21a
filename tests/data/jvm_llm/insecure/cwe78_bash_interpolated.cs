public void Compress(string fileName)
{
    var process = new Process();
    process.StartInfo.FileName = "/bin/bash";
    process.StartInfo.Arguments = $"-c \"tar -czf archive.tgz {fileName}\"";
    process.Start();
    process.WaitForExit();
}
