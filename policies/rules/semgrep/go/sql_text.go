package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
)

var db *sql.DB

func creditCards(r *http.Request) {
	customerID := r.URL.Query().Get("id")
	// ruleid: go.sql-text-built
	query := "SELECT number, cvv FROM creditcards WHERE customerId = " + customerID
	rows, _ := db.Query(query)
	_ = rows
}

func insertUser(username string, password string) {
	var query string
	// ruleid: go.sql-text-built
	query = fmt.Sprintf("INSERT INTO users (username, password) VALUES('%s', '%s')", username, password)
	db.Exec(query)
}

func deleteOrders(owner string) error {
	// ruleid: go.sql-text-built
	stmt := "DELETE FROM orders WHERE owner = '" + owner + "'"
	_, err := db.Exec(stmt)
	return err
}

func byID(id int) {
	// ok: go.sql-text-built
	query := fmt.Sprintf("SELECT name FROM users WHERE id = %d", id)
	db.Query(query)
	// ok: go.sql-text-built
	q2 := "SELECT name FROM users WHERE id = " + strconv.Itoa(id)
	db.Query(q2)
	// ok: go.sql-text-built
	q3 := "SELECT name FROM users WHERE id = $1"
	db.Query(q3, id)
	// ok: go.sql-text-built
	label := "Hello " + r.URL.Query().Get("name")
	fmt.Println(label)
}
