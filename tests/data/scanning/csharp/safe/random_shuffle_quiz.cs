using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Linq;

public class QuizService
{
    public List<Question> Shuffle(List<Question> questions)
    {
        var random = new Random();
        return questions.OrderBy(_ => random.Next()).ToList();
    }
}
