package media

import (
	"fmt"
	"os/exec"
)

func Thumbnail(input, output string) error {
	cmd := exec.Command("sh", "-c", fmt.Sprintf("ffmpeg -i %s -vf scale=320:-1 %s", input, output))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("ffmpeg failed: %s", out)
	}
	return nil
}
