// placeholder: the sshd model is being written
