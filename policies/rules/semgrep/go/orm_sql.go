package main

import (
	"fmt"
	"net/http"

	"github.com/go-pg/pg/v10"
	"gorm.io/gorm"
)

func booksOlderThan(db *pg.DB, r *http.Request) error {
	query := "age > " + r.FormValue("age")
	var books []Book
	// ruleid: go.orm-sql-string-built
	return db.Model(&books).
		Where("published = ?", true).
		WhereOr(query).
		Select()
}

func storiesByAuthor(db *pg.DB, author string) error {
	var stories []Story
	// ruleid: go.orm-sql-string-built
	return db.Model(&stories).Where("author = '" + author + "'").Select()
}

func usersSorted(db *gorm.DB, column string) []User {
	var users []User
	// ruleid: go.orm-sql-string-built
	db.Order(fmt.Sprintf("%s DESC", column)).Find(&users)
	return users
}

func booksSafe(db *pg.DB, age int, author string) error {
	var books []Book
	// ok: go.orm-sql-string-built
	err := db.Model(&books).Where("age > ?", age).WhereOr("author = ?", author).Select()
	// ok: go.orm-sql-string-built
	err = db.Model(&books).Where(fmt.Sprintf("age > %d", age)).Select()
	// ok: go.orm-sql-string-built
	err = db.Model(&books).Where("published = " + "true").Select()
	return err
}
