package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

func search(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	query := "SELECT name FROM users WHERE age="
	query += r.FormValue("age")
	// ruleid: go.sql-from-request
	db.QueryRow(query)
	// ruleid: go.sql-from-request
	db.Exec("DELETE FROM users WHERE id = " + r.URL.Query().Get("id"))
	// ruleid: go.sql-from-request
	db.QueryContext(context.Background(), fmt.Sprintf("SELECT * FROM t WHERE name = '%s'", r.FormValue("name")))
	// ok: go.sql-from-request
	db.QueryRow("SELECT name FROM users WHERE age = ?", r.FormValue("age"))
	// ok: go.sql-from-request
	db.QueryContext(context.Background(), "SELECT * FROM t WHERE name = $1", r.FormValue("name"))
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: go.sql-from-request
	db.Exec(fmt.Sprintf("DELETE FROM users WHERE id = %d", id))
}

func sorted(w http.ResponseWriter, r *http.Request, db *gorm.DB) {
	param := r.URL.Query().Get("orderBy")
	var u User
	// ruleid: go.sql-from-request
	db.Table("users").Order(param).Find(&u)
	// ruleid: go.sql-from-request
	db.Table("users").Order(param + " ASC").Find(&u)
	// ruleid: go.sql-from-request
	db.Where("name = '" + r.FormValue("name") + "'").First(&u)
	// ok: go.sql-from-request
	db.Where("name = ?", r.FormValue("name")).First(&u)
	// ok: go.sql-from-request
	db.Table("users").Order("email").Find(&u)
}

func ginHandler(c *gin.Context, db *sql.DB) {
	// ruleid: go.sql-from-request
	rows, _ := db.Query("SELECT * FROM items WHERE owner = '" + c.Query("owner") + "'")
	// ok: go.sql-from-request
	rows, _ = db.Query("SELECT * FROM items WHERE owner = ?", c.Query("owner"))
	_ = rows
}

func sqlxHandler(w http.ResponseWriter, r *http.Request, db *sqlx.DB) {
	var u User
	// ruleid: go.sql-from-request
	db.Get(&u, "SELECT * FROM users WHERE name = '"+r.FormValue("name")+"'")
	// ok: go.sql-from-request
	db.Get(&u, "SELECT * FROM users WHERE name = ?", r.FormValue("name"))
	// ok: go.sql-from-request
	resp, _ := http.Get("https://api.example.com/v1/users?name=" + url.QueryEscape(r.FormValue("name")))
	_ = resp
}
