package main

import (
	"database/sql"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"os/exec"
	"strconv"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

func getUser(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go.sql-injection, go.sql-string-built
	rows, err := db.Query(fmt.Sprintf("SELECT id, email FROM users WHERE name = '%s'", name))
	// ok: go.sql-injection, go.sql-string-built
	rows2, err2 := db.Query("SELECT id, email FROM users WHERE name = $1", name)
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ruleid: go.sql-string-built
	db.Exec(fmt.Sprintf("DELETE FROM sessions WHERE user_id = %d", id))
	// ruleid: go.sql-string-built
	db.QueryOne(ctx, fmt.Sprintf("SELECT * FROM users WHERE email='%s';", r.FormValue("email")))
	_, _, _, _ = rows, err, rows2, err2
}

func findOrders(customer string) (*sql.Rows, error) {
	query := "SELECT * FROM orders WHERE customer = '" + customer + "'"
	// ruleid: go.sql-string-built
	return db.Query(query)
}

func findOrdersSafe(customer string) (*sql.Rows, error) {
	// ok: go.sql-string-built
	return db.Query("SELECT * FROM orders WHERE customer = ?", customer)
}

func countActive() (*sql.Rows, error) {
	// ok: go.sql-string-built
	return db.Query(fmt.Sprintf("SELECT count(*) FROM users WHERE active;"))
}

func ginSearch(c *gin.Context) {
	term := c.Query("q")
	// ruleid: go.sql-injection, go.sql-string-built
	db.QueryContext(c, "SELECT * FROM products WHERE title LIKE '%"+term+"%'")
}

// an integer rendered with strconv cannot carry SQL syntax; the raw string twin can
func echoUser(c echo.Context) error {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		return err
	}
	// ok: go.sql-string-built
	db.QueryRow("SELECT name FROM users WHERE id = " + strconv.Itoa(id))
	// ok: go.sql-string-built
	db.QueryRow("SELECT name FROM users WHERE id = " + strconv.FormatInt(int64(id), 10))
	// ruleid: go.sql-string-built
	db.QueryRow("SELECT name FROM users WHERE id = " + c.Param("id"))
	return nil
}

// GORM struct and map conditions are parameterized; string conditions are SQL text
func gormFind(c *gin.Context, gormDB *gorm.DB) {
	name := c.Query("name")
	var u User
	// ok: go.sql-injection
	gormDB.Where(&User{Name: name}).First(&u)
	// ok: go.sql-injection
	gormDB.Where(map[string]interface{}{"name": name}).First(&u)
	// ruleid: go.sql-injection
	gormDB.Where("name = '" + name + "'").First(&u)
}

func convert(file string) error {
	// ruleid: go.command-injection
	return exec.Command("sh", "-c", "convert "+file+" out.png").Run()
}

func convertSafe(file string) error {
	// ok: go.command-injection
	exec.Command("sh", "-c", "ls -la /tmp").Run()
	// ok: go.command-injection
	return exec.Command("convert", file, "out.png").Run()
}

func pingHandler(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go.command-injection-taint, go.command-injection
	out, _ := exec.Command("bash", "-c", "ping -c 1 "+host).Output()
	// ok: go.command-injection-taint
	out2, _ := exec.Command("ping", "-c", "1", "localhost").Output()
	w.Write(append(out, out2...))
}

func renderBio(bio string) template.HTML {
	// ruleid: go.xss-unescaped-html
	return template.HTML("<p>" + bio + "</p>")
}

func renderStatic() template.HTML {
	// ok: go.xss-unescaped-html
	return template.HTML("<hr>")
}

func styleFor(color string) template.CSS {
	// ok: go.xss-unescaped-html
	var fixed template.CSS = "a { text-decoration: underline; }"
	_ = fixed
	// ruleid: go.xss-unescaped-html
	var attr template.HTMLAttr = fmt.Sprintf("title=%q", color)
	_ = attr
	// ruleid: go.xss-unescaped-html
	return template.CSS(fmt.Sprintf("color: %s", color))
}

func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
	// ok: go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello %s</h1>", html.EscapeString(name))
}
