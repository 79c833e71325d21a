package db

import (
	"database/sql"

	_ "github.com/go-sql-driver/mysql"
)

func Open() (*sql.DB, error) {
	return sql.Open("mysql", "admin:Sup3rS3cret@tcp(prod-db:3306)/shop?parseTime=true")
}
