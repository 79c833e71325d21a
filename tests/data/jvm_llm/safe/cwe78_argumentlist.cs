var psi = new ProcessStartInfo("ping") { UseShellExecute = false, RedirectStandardOutput = true };
psi.ArgumentList.Add("-c");
psi.ArgumentList.Add("4");
psi.ArgumentList.Add(host);
using var process = Process.Start(psi);
