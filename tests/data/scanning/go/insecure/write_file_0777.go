package config

import (
	"encoding/json"
	"os"
)

func Save(path string, cfg any) error {
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0777)
}
