package main

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

func listProducts(c *gin.Context) {
	category := c.Query("category")
	rows, err := db.Query("SELECT id, name FROM products WHERE category = ?", category)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	defer rows.Close()
	c.JSON(http.StatusOK, gin.H{"ok": true})
}
