package store

import "database/sql"

func DeleteOrdersByStatus(db *sql.DB, status string) (int64, error) {
	res, err := db.Exec("DELETE FROM orders WHERE status = ?", status)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
