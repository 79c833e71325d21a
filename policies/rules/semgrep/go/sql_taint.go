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

var sortColumns = map[string]string{"name": "name", "date": "created_at"}

// GORM struct and map conditions are parameterized; an allow-list lookup yields a constant column
func gormConditions(c *gin.Context, db *gorm.DB) {
	name := c.Query("name")
	var u User
	// ok: go.sql-from-request
	db.Where(&User{Name: name}).First(&u)
	// ok: go.sql-from-request
	db.Where(User{Name: c.Query("name")}).First(&u)
	// ok: go.sql-from-request
	db.Where(map[string]interface{}{"name": name}).First(&u)
	col, ok := sortColumns[c.Query("sort")]
	if !ok {
		col = "created_at"
	}
	// ok: go.sql-from-request
	db.Order(col).Find(&u)
	local := map[string]string{"asc": "ASC", "desc": "DESC"}
	// ok: go.sql-from-request
	db.Order("created_at " + local[c.Query("dir")]).Find(&u)
	// ruleid: go.sql-from-request
	db.Where("name = '" + name + "'").First(&u)
	// ruleid: go.sql-from-request
	db.Order(c.Query("sort")).Find(&u)
	// ruleid: go.sql-from-request
	db.Order(c.DefaultQuery("sort", "created_at") + " desc").Find(&u)
}

// a map that came from the request is no allow-list
func muxLookup(w http.ResponseWriter, r *http.Request, db *gorm.DB) {
	vars := mux.Vars(r)
	var u User
	// ruleid: go.sql-from-request
	db.Order(vars["sort"]).Find(&u)
	// ruleid: go.sql-from-request
	db.Where("id = " + vars["id"]).First(&u)
}
