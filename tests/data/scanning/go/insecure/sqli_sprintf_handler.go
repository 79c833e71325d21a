package handlers

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
)

type UserHandler struct{ DB *sql.DB }

func (h *UserHandler) Search(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	rows, err := h.DB.Query(fmt.Sprintf("SELECT id, email FROM users WHERE name = '%s'", name))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var emails []string
	for rows.Next() {
		var id int
		var email string
		rows.Scan(&id, &email)
		emails = append(emails, email)
	}
	json.NewEncoder(w).Encode(emails)
}
