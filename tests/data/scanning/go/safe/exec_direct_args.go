package media

import (
	"fmt"
	"os/exec"
)

func Thumbnail(input, output string) error {
	cmd := exec.Command("ffmpeg", "-i", input, "-vf", "scale=320:-1", output)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("ffmpeg failed: %s", out)
	}
	return nil
}
